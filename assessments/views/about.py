from django.shortcuts import render


def about(request):
    """Where the model, the stages and the questions come from."""
    return render(request, "assessments/about.html")
