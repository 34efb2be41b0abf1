"""The tables behind the Content-Security-Policy and Permissions-Policy headers;
settings.py sets CONTENT_SECURITY_POLICY and PERMISSIONS_POLICY from them."""

# Only the site's own scripts, styles and images: no inline script or style anywhere
# (the inline SVG chart carries presentation attributes instead, see svg_csp.py).
_CSP_DIRECTIVES = {
    "default-src": ["'self'"],
    # The empty favicon is a data: URL.
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}

# No page needs a device feature: deny them all, also to anything embedded.
_DENIED_FEATURES = (
    "accelerometer",
    "autoplay",
    "camera",
    "display-capture",
    "encrypted-media",
    "fullscreen",
    "geolocation",
    "gyroscope",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "publickey-credentials-get",
    "screen-wake-lock",
    "usb",
    "xr-spatial-tracking",
)


def content_security_policy() -> dict:
    """django-csp's CONTENT_SECURITY_POLICY setting."""
    return {
        "DIRECTIVES": {name: list(v) for name, v in _CSP_DIRECTIVES.items()},
    }


def permissions_policy() -> dict:
    """django-permissions-policy's PERMISSIONS_POLICY setting."""
    return {feature: [] for feature in _DENIED_FEATURES}
