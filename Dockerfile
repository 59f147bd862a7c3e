# Comeback's image: one image for every process (web, workers, scheduler, migrations), chosen by the command.
#   docker build -t comeback .
#   docker run --env-file comeback.env -p 8000:8000 comeback                      # a web node
#   docker run --env-file comeback.env comeback comeback worker --queue outbox    # a worker
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    COMEBACK_HOME=/app COMEBACK_VAR=/var/lib/comeback BIND=0.0.0.0:8000
RUN apt-get update && apt-get install -y --no-install-recommends fonts-ipaexfont-gothic \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --home /app --shell /usr/sbin/nologin comeback
WORKDIR /app
COPY pyproject.toml README.md ./
COPY src ./src
RUN pip install --no-cache-dir '.[ops]' && pip install --no-cache-dir django-storages boto3
COPY gunicorn.conf.py manage.py ./
# Static files are built into the image (whitenoise serves them with far-future headers).
RUN mkdir -p /var/lib/comeback && COMEBACK_VAR=/app/var comeback collectstatic --noinput --verbosity 0 \
    && chown -R comeback:comeback /var/lib/comeback /app/var
ENV STATIC_ROOT=/app/var/static
USER comeback
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --retries=3 \
    CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2).status != 200)"
CMD ["gunicorn", "-c", "/app/gunicorn.conf.py", "comeback.wsgi:application"]
