"""A small OpenID provider (django-oauth-toolkit) that the single sign-on tests start
as a separate process: see serve.py and tests/sso.py."""
