"""The notifier's settings (``RUJUKAN_SMTP_*``, ``RUJUKAN_PUBLIC_URL``,
``RUJUKAN_NOTIFY_*``), part of every agency's settings."""

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class NotifySettings(BaseSettings):
    """Where e-mail goes out and what links in a message point at.

    Without ``smtp_host`` e-mail notices wait in the delivery table (shown as failing on
    ``/status``) until a server is configured; webhooks need no setting.
    """

    model_config = SettingsConfigDict(
        env_prefix="RUJUKAN_", extra="ignore", hide_input_in_errors=True
    )

    smtp_host: str | None = Field(default=None, description="The SMTP server (submission).")
    smtp_port: int = Field(default=587, ge=1, le=65535)
    smtp_starttls: bool = Field(default=True, description="Upgrade with STARTTLS before sending.")
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_from: str = Field(default="rujukan@localhost", description="The From address.")
    public_url: str | None = Field(
        default=None,
        description="The base of the links in messages (the agency's web address); "
        "default: http://<http_host>:<http_port>.",
    )
    notify_webhook_hosts: str = Field(
        default="127.0.0.1,localhost",
        description="The hosts (comma-separated) an account may point a webhook at: the "
        "district's gateways. Any other host is refused, so no account can make the "
        "agency's server call into its own network.",
    )
    notify_interval_s: float = Field(
        default=2.0, gt=0, description="How often the notifier looks for deliveries due."
    )
    notify_retention_days: float = Field(
        default=30.0, gt=0, description="How long a delivered notice's row is kept."
    )
    notify_max_backoff_s: float = Field(
        default=900.0, gt=0, description="The longest wait between two attempts of one delivery."
    )

    def webhook_hosts(self) -> frozenset[str]:
        """``notify_webhook_hosts`` as a set of lower-case host names."""
        return frozenset(
            h.strip().lower() for h in self.notify_webhook_hosts.split(",") if h.strip()
        )
