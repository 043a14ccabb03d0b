# Het register als container: niet als root, met een gedeclareerd datavolume, gepinde
# gereedschappen en een gezondheidscheck. Zonder meer gestart draait het op een SQLite-bestand in
# /data (`docker run -p 8000:8000 -v register:/data <image>`); docker-compose.yml draait het op
# PostgreSQL met twee API-processen, een projectieproces en een eenmalige demolading.

# -- bouwen: de gepinde afhankelijkheden uit uv.lock in een venv ------------------------------
FROM python:3.11.14-slim-bookworm AS bouw
ENV UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy UV_PYTHON_DOWNLOADS=never
RUN pip install --no-cache-dir uv==0.13.9
WORKDIR /app
COPY pyproject.toml uv.lock README.md ./
RUN uv sync --frozen --no-dev --no-install-project
COPY src ./src
RUN uv sync --frozen --no-dev --no-editable

# -- draaien: alleen Python en de venv ----------------------------------------------------------
FROM python:3.11.14-slim-bookworm
# pango en een lettertype voor het PDF-dossier (WeasyPrint); harfbuzz-subset maakt het sneller
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*
RUN groupadd --system --gid 10001 register \
 && useradd --system --uid 10001 --gid register --home-dir /app --shell /usr/sbin/nologin register \
 && mkdir -p /data && chown register:register /data
COPY --from=bouw --chown=root:root /app/.venv /app/.venv
ENV PATH=/app/.venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    REGISTER_DATABASE_URL=sqlite:////data/register.db \
    REGISTER_SLEUTELBESTAND=/data/register.sleutel
VOLUME ["/data"]
WORKDIR /data
USER register
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/gezondheid', timeout=2)"]
CMD ["register", "serve", "--host", "0.0.0.0", "--port", "8000"]
