from django.shortcuts import render


def search(request):
    return render(request, "catalog/search.html", {})


def product(request, slug):
    return render(request, "catalog/product.html", {})
