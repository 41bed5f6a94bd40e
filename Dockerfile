# diariebot service image: Debian with Tesseract (Swedish) and the project installed.
FROM python:3.11-slim-bookworm
RUN apt-get update \
 && apt-get install -y --no-install-recommends tesseract-ocr tesseract-ocr-swe tesseract-ocr-eng tesseract-ocr-script-latn poppler-utils \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot bot
COPY ocr ocr
COPY connectors connectors
COPY migrations migrations
COPY bench bench
RUN pip install --no-cache-dir .
ENV DIARIEBOT_HOME=/data OMP_THREAD_LIMIT=1
VOLUME /data
EXPOSE 8080
HEALTHCHECK CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/healthz')"
ENTRYPOINT ["diariebot"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8080"]
