from django.urls import path

from .views import public

urlpatterns = [
    # <ext> is "webp" or "jpg"; any other is simply not a stored rendition (404).
    path("photos/units/<int:pk>/<int:width>.<str:ext>", public.offer_photo, name="offer_photo"),
    path("photos/models/<int:pk>/<int:width>.<str:ext>", public.model_photo, name="model_photo"),
]
