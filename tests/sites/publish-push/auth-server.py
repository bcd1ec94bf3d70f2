"""A git "smart HTTP" host that only asks for a login: every request gets
401 with a Basic challenge, and each Authorization header it receives is
appended to the file named by argv[2].  Prints its port on the first line.
usage: python3 auth-server.py PORTFILE HEADERFILE"""
import http.server
import sys


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        auth = self.headers.get("Authorization")
        if auth:
            with open(sys.argv[2], "a") as f:
                f.write(auth + "\n")
        self.send_response(401)
        self.send_header("WWW-Authenticate", 'Basic realm="portal"')
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_POST = do_GET

    def log_message(self, *args):
        pass


srv = http.server.HTTPServer(("127.0.0.1", 0), Handler)
with open(sys.argv[1], "w") as f:
    f.write("%d\n" % srv.server_address[1])
srv.serve_forever()
