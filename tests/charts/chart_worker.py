"""A fresh process that shows one result page: `python -m tests.charts.chart_worker MODE`.

MODE "draw" creates a user with a submitted response and shows its result; MODE
"serve USER_ID RESPONSE_ID" shows an existing one. The settings are the local ones
(no Redis): drawn charts are kept in the database's chart table, which every process
on the machine shares and which outlives them. Prints one JSON line: status, the
page's chart, the ids and whether matplotlib was imported.
"""

import json
import re
import sys

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.test import Client, override_settings  # noqa: E402


def main(mode: str, *ids: str) -> None:
    with override_settings(ALLOWED_HOSTS=["testserver"]):
        if mode == "draw":
            from tests.factories import make_membership, make_response, make_round

            member = make_membership(is_admin=True)
            response = make_response(
                round=make_round(organisation=member.organisation),
                respondent=member.user,
                submitted=True,
            )
            user_id, response_id = member.user_id, response.pk
        else:
            user_id, response_id = (int(value) for value in ids)
        client = Client()
        client.force_login(get_user_model().objects.get(pk=user_id))
        page = client.get(f"/responses/{response_id}/")
        chart = re.search(r"<svg\b.*?</svg>", page.content.decode(), re.S)
    print(
        json.dumps(
            {
                "status": page.status_code,
                "chart": chart.group(0) if chart else None,
                "ids": [user_id, response_id],
                "matplotlib": "matplotlib" in sys.modules,
            }
        )
    )


if __name__ == "__main__":
    main(*sys.argv[1:])
