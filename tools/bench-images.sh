#!/bin/sh
# make bench-images: resizes a folder of photos (default 200 of 2000 x 1500,
# made here, all different) into the configured widths (480, 960, 1600, and
# 320, 640 for gallery thumbnails), cold (empty cache) and warm (second
# build), and prints images per second and peak memory.  Not a test: the
# figures depend on the machine.  BENCH_IMAGES=N changes the count.
set -eu
cd "$(dirname "$0")/.."
N=${BENCH_IMAGES:-200}
make --no-print-directory -s wardsite
mkdir -p build
cc -O2 -std=c11 -D_POSIX_C_SOURCE=200809L tools/imgtool.c $(pkg-config --cflags --libs stb) -lm -o build/imgtool
work=$(mktemp -d "${TMPDIR:-/tmp}/wardsite-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
site=$work/site
mkdir -p "$site/content/vi/anh" "$site/themes"
cp -R tests/sites/_theme "$site/themes/test"
cat >"$site/site.yaml" <<YAML
title: Bench
base_url: https://bench.example.gov.vn/
theme: test
languages:
  vi:
    name: Tiếng Việt
YAML
printf -- '---\ntitle: Ảnh\n---\n```gallery\ncredit: bench\n```\n' >"$site/content/vi/anh/index.md"
i=1
while [ $i -le "$N" ]; do
    build/imgtool synth "$site/content/vi/anh/$(printf 'p%04d' $i).jpg" 2000 1500 $i
    printf 'p%04d.jpg: ảnh %d\n' $i $i >>"$site/content/vi/anh/captions.yaml"
    i=$((i + 1))
done
(cd "$site" && git init -q && git add -A && git -c user.name=b -c user.email=b@b commit -q -m bench)
echo "wardsite bench-images: $N photos of 2000 x 1500 ($(du -sh "$site/content/vi/anh" | cut -f1)), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
# The same photos for Hugo (when installed): a page bundle whose template
# makes the same five widths at the same JPEG quality (82).
if command -v hugo >/dev/null 2>&1; then
    hsite=$work/hugo
    mkdir -p "$hsite/content/anh" "$hsite/layouts/_default"
    cp "$site"/content/vi/anh/*.jpg "$hsite/content/anh/"
    printf -- '---\ntitle: Ảnh\n---\n' >"$hsite/content/anh/index.md"
    printf 'baseURL = "https://bench.example.gov.vn/"\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n[imaging]\n  quality = 82\n  resampleFilter = "CatmullRom"\n' >"$hsite/hugo.toml"
    cat >"$hsite/layouts/_default/single.html" <<'HTML'
{{ range .Resources.ByType "image" }}{{ $i := . }}{{ range slice "480x" "960x" "1600x" "320x" "640x" }}<img src="{{ ($i.Resize .).RelPermalink }}">{{ end }}{{ end }}
HTML
    echo "hugo $(hugo version | cut -d' ' -f2) on the same photos, the same five widths:"
    for run in cold warm; do
        [ $run = cold ] && rm -rf "$hsite/resources" "$work/hugo-out"
        python3 - "$hsite" "$N" "$run" "$work/hugo-out" <<'PY'
import resource, subprocess, sys, time
site, n, run, out = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
t0 = time.monotonic()
r = subprocess.run(["hugo", "--quiet", "-s", site, "-d", out], capture_output=True, text=True)
dt = time.monotonic() - t0
if r.returncode != 0:
    sys.exit(r.stderr)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(f"  {run}: {dt:6.2f} s, {n / dt:6.1f} images/s, peak memory {peak:.0f} MiB")
PY
    done
fi
echo "wardsite:"
for run in cold warm; do
python3 - "$PWD/wardsite" "$site" "$N" "$run" <<'PY'
import resource, subprocess, sys, time
binary, site, n, run = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
t0 = time.monotonic()
r = subprocess.run([binary, "build", "--out", site + "/../out-" + run], cwd=site, capture_output=True, text=True)
dt = time.monotonic() - t0
if r.returncode != 0:
    sys.exit(r.stderr)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
stats = [l for l in r.stdout.splitlines() if "images:" in l][0].split("images: ")[1]
print(f"  {run}: {dt:6.2f} s, {n / dt:6.1f} images/s, peak memory {peak:.0f} MiB; {stats}")
PY
done
