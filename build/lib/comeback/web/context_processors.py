from comeback.core import markets


def market(request):
    return {"market": getattr(request, "market", None), "markets": markets.all_markets()}
