FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
# The same two commands tests/config/test_image.py runs with DEBUG=false.
RUN scripts/image.sh build
RUN useradd --create-home keywork && chown -R keywork /app
USER keywork
EXPOSE 8000
CMD ["scripts/image.sh", "web"]
