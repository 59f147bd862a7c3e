from ninja import Router

router = Router(tags=["seller listings"])
