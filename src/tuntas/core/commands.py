"""Helpers shared by the `tuntas` management commands."""

import json
from typing import Any

from django.core.management.base import CommandError, CommandParser

from tuntas.accounts.models import Role, User


def add_actor_argument(parser: CommandParser) -> None:
    parser.add_argument(
        "--as",
        dest="as_user",
        metavar="USERNAME",
        help="jalankan dengan hak pengguna ini (bawaan: operator server, tanpa batasan)",
    )


def command_actor(username: str | None) -> User:
    """Whoever runs the server's shell may see all; `--as` narrows to one user's scope."""
    if username is None:
        return User(username="(server)", role=Role.ADMIN, is_active=True, is_superuser=True)
    try:
        return User.objects.select_related("region").get(username=username, is_active=True)
    except User.DoesNotExist as exc:
        raise CommandError(f"Pengguna '{username}' tidak ditemukan atau tidak aktif.") from exc


def to_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)
