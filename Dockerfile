# Build stage: the virtualenv with the bot installed (editable, so it finds migrations/ and
# manifest.yml beside it under /app).
FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
RUN python -m venv /opt/venv
COPY pyproject.toml README.md alembic.ini manifest.yml ./
COPY bot ./bot
COPY migrations ./migrations
RUN /opt/venv/bin/pip install -e .

# Runtime stage: no build tools, a non-root user, the database on a volume. The volume is the
# working directory, so a relative SQLite path (.env.example's sqlite:///smm_pulse.db) lands
# on it too; the code stays in /app.
FROM python:3.11-slim
ENV PATH=/opt/venv/bin:$PATH PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1 \
    DATABASE_URL=sqlite:////data/smm_pulse.db PORT=3000
RUN useradd --create-home --uid 10001 smm && install -d -o 10001 -g 10001 /data
COPY --from=build /opt/venv /opt/venv
COPY --from=build /app /app
WORKDIR /data
USER 10001
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:' + os.environ['PORT'] + '/healthz', timeout=4)"]
# `run` migrates the database, then serves.
CMD ["smm-bot", "run"]
