"""An organisation's own export: its responses, rounds and plan, in the columns of
`export_results`, for its admins to download from the history page."""

from __future__ import annotations

from assessments.bulk.exports import columns, streams
from assessments.bulk.exports.rows import actions_export_rows
from assessments.bulk.xlsx import Table
from assessments.models import Action, Organisation, Round

TABLES = ("results", "rounds", "plan")


def organisation_table(*, organisation: Organisation, name: str) -> Table:
    """One of TABLES for the organisation: "results" (a row per submitted response),
    "rounds" (a row per round with a submission) or "plan" (a row per action)."""
    if name == "results":
        responses = streams.submitted_responses().filter(
            round__organisation=organisation
        )
        return Table(name, columns.RESPONSE_COLUMNS, streams.response_rows(responses))
    if name == "rounds":
        rounds = streams.submitted_rounds(
            Round.objects.filter(organisation=organisation)
        )
        return Table(name, columns.ROUND_COLUMNS, streams.round_rows(rounds))
    if name == "plan":
        actions = Action.objects.filter(organisation=organisation)
        return Table(name, columns.ACTION_COLUMNS, actions_export_rows(actions))
    raise ValueError(name)


def organisation_tables(*, organisation: Organisation) -> list[Table]:
    return [organisation_table(organisation=organisation, name=n) for n in TABLES]
