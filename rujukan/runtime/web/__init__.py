"""What every server-rendered web app of the network shares: the companion's app at the
hub and the referral desk's app at every agency are built on it, so both have the same
security headers, sessions, form tokens, languages, layout and style.

- ``auth.py``: the session cookie and the form tokens (CSRF) of one app's path;
- ``i18n.py``: Bahasa Indonesia by default, English on request; an app's catalogue is
  laid over the shared one (``messages/{id,en}.json`` here);
- ``pages.py``: the `Renderer` (Jinja2, an app's templates over the shared ones) and
  `WebPages` (a page with the security headers, sign-in and sign-out, the form-token
  check, a refusal in words with its article, static files);
- ``templates/`` (the layout, sign-in, not found, form expired) and ``static/app.css``.
"""
