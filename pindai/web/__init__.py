"""The officers' web workspace (``pindai serve``): a thin layer over review, index and registers."""

from __future__ import annotations

from pindai.accounts import ROLES, WebUser, add_user, disable_user, list_users, set_password

__all__ = ["ROLES", "WebUser", "add_user", "create_app", "disable_user", "list_users", "serve", "set_password"]


def create_app(*args, **kwargs):  # noqa: ANN002, ANN003, ANN201 - re-exported lazily (FastAPI loads slowly)
    from pindai.web.app import create_app as _create

    return _create(*args, **kwargs)


def serve(*args, **kwargs):  # noqa: ANN002, ANN003, ANN201
    from pindai.web.app import serve as _serve

    return _serve(*args, **kwargs)
