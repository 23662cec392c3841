from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from .models import User
from .services import token_create, token_revoke


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, User)
    tokens = request.user.api_tokens.filter(revoked_at=None)
    return render(request, "accounts/profile.html", {"tokens": tokens})


@login_required
@require_POST
def token_new(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, User)
    try:
        token, raw = token_create(actor=request.user, name=request.POST.get("name", ""))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("accounts:profile")
    tokens = request.user.api_tokens.filter(revoked_at=None)
    # The raw key is shown on this one response only; it is not stored.
    return render(
        request, "accounts/profile.html", {"tokens": tokens, "new_token": token, "raw": raw}
    )


@login_required
@require_POST
def token_delete(request: HttpRequest, token_id: int) -> HttpResponse:
    assert isinstance(request.user, User)
    token_revoke(actor=request.user, token_id=token_id)
    messages.success(request, "Token telah dicabut.")
    return redirect("accounts:profile")
