from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from tuntas.accounts.models import User

from .selectors import home_summary


@login_required
def home(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, User)
    year = timezone.localdate().year
    summary = home_summary(actor=request.user, year=year)
    return render(request, "core/home.html", {"summary": summary, "year": year})
