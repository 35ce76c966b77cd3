"""Password hooks.

Django calls every configured validator's ``password_changed`` whenever a password is set
and saved (``set_password`` then ``save``: the change form, the reset link, the CLI, the
admin), and *not* when it only rehashes a password at sign-in. That is exactly the moment
at which a person's API tokens must stop working, so the rule lives here, once, rather
than in each place that can change a password.
"""

from __future__ import annotations


class EndTokensOnPasswordChange:
    """Not a rule about the password itself: when it changes, ends the account's API tokens
    and tells the person by e-mail (``notify``)."""

    def validate(self, password: str, user=None) -> None:
        return None

    def password_changed(self, password: str, user=None) -> None:
        if user is None or user.pk is None:
            return
        from painscope.web.accounts.models import ApiToken

        ApiToken.objects.filter(user=user).delete()
        from painscope.web.accounts.notify import tell

        tell(user, "password")

    def get_help_text(self) -> str:
        return ""
