"""How the API's views write a scored result and a page of rows."""


def result_fields(result) -> dict | None:
    if result is None:
        return None
    return {
        "x": round(result.x, 4),
        "y": round(result.y, 4),
        "relationship_level": result.relationship.level,
        "maturity_level": result.maturity.level,
        "stage": result.stage.number,
        "verdict": str(result.verdict.code),
        "distance": round(result.verdict.distance, 4),
    }


def paginated(view, rows, serializer_class):
    page = view.paginate_queryset(rows)
    return view.get_paginated_response(serializer_class(page, many=True).data)
