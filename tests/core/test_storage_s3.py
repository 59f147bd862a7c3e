"""Uploads through S3-compatible object storage (django-storages against moto's S3 server, no network): a claim
photo uploaded through one app node is served by another, each node with a disk of its own, and only to the
people allowed to see it."""

from __future__ import annotations

import contextlib
import subprocess
from collections.abc import Iterator

import httpx
import pytest
from django.test import Client

from comeback.accounts.services import issue_token

from ..aftersales.factories import delivered_line
from ..factories import UserFactory
from ..images import PNG
from ..servers import BIN, PORTS, free_port, listening, node, shared_database_url, wait_until

boto3 = pytest.importorskip("boto3")
pytest.importorskip("moto.server")

pytestmark = pytest.mark.django_db(transaction=True)
BUCKET = "comeback-media"


@contextlib.contextmanager
def s3_server(log) -> Iterator[str]:
    """moto's S3 in server mode on a port of our own; yields its endpoint with the bucket created."""
    port = free_port(PORTS)
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until(lambda: listening(port), seconds=30, what="moto's S3 server listening")
        endpoint = f"http://127.0.0.1:{port}"
        client = boto3.client(
            "s3",
            endpoint_url=endpoint,
            region_name="us-east-1",
            aws_access_key_id="test",
            aws_secret_access_key="test",
        )
        client.create_bucket(Bucket=BUCKET)
        yield endpoint
    finally:
        proc.terminate()
        proc.wait(timeout=15)


def _stored(endpoint: str) -> dict[str, bytes]:
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )
    keys = [o["Key"] for o in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])]
    return {key: client.get_object(Bucket=BUCKET, Key=key)["Body"].read() for key in keys}


def _session_cookie(user) -> dict[str, str]:
    client = Client()
    client.force_login(user)  # the session row is in the shared database: every node knows it
    return {"sessionid": client.cookies["sessionid"].value}


def test_given_two_nodes_on_object_storage_when_a_photo_is_uploaded_through_a_then_b_serves_it(tmp_path):
    line = delivered_line()
    buyer = line.order.buyer
    token = issue_token(user=buyer, scopes=["buyer"]).secret
    with s3_server(tmp_path / "s3.log") as endpoint:
        env = {
            "AWS_STORAGE_BUCKET_NAME": BUCKET,
            "AWS_S3_ENDPOINT_URL": endpoint,
            "AWS_S3_REGION_NAME": "us-east-1",
            "AWS_ACCESS_KEY_ID": "test",
            "AWS_SECRET_ACCESS_KEY": "test",
        }
        database = shared_database_url()
        with (
            node(database=database, log=tmp_path / "a.log", **env) as a,
            node(database=database, log=tmp_path / "b.log", **env) as b,
        ):
            created = httpx.post(
                f"{a}/api/v1/warranty/claims",
                data={
                    "line_id": line.pk,
                    "fault": "screen",
                    "description": "The screen flickers and goes black.",
                },
                files={"photos": ("fault.png", PNG, "image/png")},
                headers={"Authorization": f"Bearer {token}"},
                timeout=60,
            )
            assert created.status_code == 201, created.text[:500]
            (photo_path,) = created.json()["photos"]
            (stored,) = [body for key, body in _stored(endpoint).items() if key.startswith("claims/")]
            assert stored.startswith(b"\x89PNG")  # in the bucket (as accepted: metadata stripped), not on A

            served = httpx.get(f"{b}{photo_path}", cookies=_session_cookie(buyer), timeout=60)
            assert served.status_code == 200 and served.content == stored
            assert served.headers["Content-Type"] == "image/png"

            stranger = httpx.get(f"{b}{photo_path}", cookies=_session_cookie(UserFactory()), timeout=60)
            assert stranger.status_code == 404  # the same checks as on the file system
