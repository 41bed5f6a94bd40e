# diariebot service image. The same artifact the tests install: stage one builds the sdist and,
# from it, the wheel (`python -m build`); stage two installs that wheel into a virtual
# environment and runs it as an unprivileged user. tests/packaging/test_container.py replays
# these steps without a container engine: same build, same install line, same entry point,
# same health check. postgresql-client: pg_dump and pg_restore, for `diariebot backup` of a home
# whose database is PostgreSQL (the driver, psycopg's binary wheel, needs no system library).
# LibreOffice without its desktop (Writer, Calc, Impress) and a text font: Office, RTF and HTML
# files to PDF (bot/office.py); libarchive13: 7z, rar and tar through libarchive-c.

FROM python:3.11-slim-bookworm AS build
RUN pip install --no-cache-dir "build>=1.2"
WORKDIR /src
COPY pyproject.toml MANIFEST.in README.md ./
COPY bot bot
COPY ocr ocr
COPY connectors connectors
COPY migrations migrations
RUN python -m build --outdir /dist .

FROM python:3.11-slim-bookworm
RUN apt-get update \
 && apt-get install -y --no-install-recommends tesseract-ocr tesseract-ocr-swe tesseract-ocr-eng tesseract-ocr-script-latn poppler-utils age postgresql-client \
    libreoffice-writer-nogui libreoffice-calc-nogui libreoffice-impress-nogui fonts-liberation2 libarchive13 \
 && rm -rf /var/lib/apt/lists/*
RUN useradd --system --uid 10001 --user-group --home-dir /data --no-create-home diariebot \
 && mkdir /data && chown diariebot:diariebot /data
COPY --from=build /dist/*.whl /tmp/dist/
RUN python -m venv /opt/diariebot && /opt/diariebot/bin/pip install --no-cache-dir /tmp/dist/*.whl && rm -rf /tmp/dist
ENV PATH=/opt/diariebot/bin:$PATH DIARIEBOT_HOME=/data OMP_THREAD_LIMIT=1
USER diariebot
WORKDIR /data
VOLUME /data
EXPOSE 8080
HEALTHCHECK CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/healthz', timeout=5)"]
ENTRYPOINT ["diariebot"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8080"]
