"""What crawlers and browsers ask a site for besides its pages.

``sitemaps.py`` (one sitemap per content type, hreflang alternates), ``views.py`` (robots.txt,
the favicon, the web manifest), ``icons.py`` (draws the icons and the default sharing image
committed in static/), ``urls.py`` (their addresses, outside the language prefix).
See docs/public-site.md, "Sitemaps, robots and icons".
"""
