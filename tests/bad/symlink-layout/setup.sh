mkdir -p layouts && ln -s /etc/passwd layouts/single.html
