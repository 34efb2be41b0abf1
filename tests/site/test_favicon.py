from django.contrib.staticfiles import finders
from django.urls import reverse


def test_every_page_names_the_sites_icon(client):
    html = client.get(reverse("login")).content.decode()
    assert 'rel="icon" href="/static/favicon.svg"' in html
    assert finders.find("favicon.svg")
