import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tuntas.organisation.models import Agency
from tuntas.organisation.selectors import region_get
from tuntas.regions.models import Region

from .forms import UserCreateForm
from .models import User
from .selectors import users_of_region
from .services import token_create, token_revoke, user_create, user_set_active


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
    messages.success(request, _("Token telah dicabut."))
    return redirect("accounts:profile")


def _region_for_manager(request: HttpRequest) -> tuple[User, Region]:
    assert isinstance(request.user, User)
    code = request.GET.get("region") or request.user.region_id or ""
    return request.user, region_get(actor=request.user, code=code)


@login_required
def users(request: HttpRequest) -> HttpResponse:
    """A Pemda's users for its admin or koordinator: list, add, deactivate."""
    actor, region = _region_for_manager(request)
    members = users_of_region(actor=actor, region=region)
    agencies = Agency.objects.filter(region=region, is_active=True)
    form = UserCreateForm(request.POST or None, agencies=agencies)
    created, password = None, ""
    if request.method == "POST" and form.is_valid():
        # A one-time password shown once; the new user changes it after signing in.
        password = secrets.token_urlsafe(9)
        data = form.cleaned_data
        try:
            created = user_create(
                actor=actor,
                username=data["username"],
                password=password,
                role=data["role"],
                region=region,
                agency=data["agency"],
                full_name=data["full_name"],
                email=data["email"],
                job_title=data["job_title"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            form = UserCreateForm(agencies=agencies)
    context = {
        "region": region,
        "members": members,
        "form": form,
        "created": created,
        "password": password,
    }
    return render(request, "accounts/users.html", context)


@login_required
@require_POST
def user_status(request: HttpRequest, user_id: int) -> HttpResponse:
    assert isinstance(request.user, User)
    target = User.objects.filter(pk=user_id).select_related("region").first()
    if target is None:
        raise Http404
    active = request.POST.get("active") == "1"
    try:
        user_set_active(actor=request.user, user=target, active=active)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Akun %(name)s diaktifkan.") % {"name": target.username}
            if active
            else _("Akun %(name)s dinonaktifkan.") % {"name": target.username},
        )
    return redirect(f"{reverse('accounts:users')}?region={target.region_id or ''}")
