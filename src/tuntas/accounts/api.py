from django.http import HttpRequest
from ninja import Router, Schema
from ninja.security import HttpBearer

from .models import User
from .services import token_authenticate


class TokenAuth(HttpBearer):
    """`Authorization: Bearer tnt_...`: a personal token made on the Akun page."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = token_authenticate(token)
        if user is not None:
            request.user = user
        return user


router = Router(tags=["akun"])


class MeOut(Schema):
    username: str
    name: str
    role: str
    region: str | None
    agency: str | None


@router.get("/me", response=MeOut, summary="Pengguna pemilik token")
def me(request: HttpRequest) -> MeOut:
    user = request.auth  # type: ignore[attr-defined]
    return MeOut(
        username=user.username,
        name=user.display_name,
        role=user.role,
        region=user.region_id,
        agency=user.agency.code if user.agency else None,
    )
