"""Registration, sign-in and passwords."""

from flask import Blueprint
from flask.blueprints import BlueprintSetupState

bp = Blueprint("auth", __name__, url_prefix="/auth")


@bp.record_once
def _install_session_limits(state: BlueprintSetupState) -> None:
    from app.auth.session_limits import register_session_limits

    register_session_limits(state.app)


from app.auth import views  # noqa: E402,F401  (registers the routes on bp)
