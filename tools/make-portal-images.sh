#!/bin/sh
# Makes the bundled portal's images, which are committed (a build reads the
# git tree): `make portal-images`.  Needs the Debian packages libstb-dev,
# fonts-dejavu-core and mate-backgrounds (installed when run as root).
#
# - content/vi/di-tich/dong-xoai/anh/ke-hoach-108-N.jpg: excerpts of Plan
#   No. 108/KH-UBND (tools/scans/N.txt, copied from the plan) rendered as
#   scanned pages, 2000 x 2828, some stored turned with an EXIF orientation
#   as scanners and phones do.
# - static/anh/minh-hoa/*.jpg: photographs from Debian's mate-backgrounds
#   (GPL-2+, authors in its copyright file), 2000 px wide, some stored
#   turned with an EXIF orientation.
set -eu
cd "$(dirname "$0")/.."
need=""
for p in libstb-dev fonts-dejavu-core mate-backgrounds; do
    dpkg -s "$p" >/dev/null 2>&1 || need="$need $p"
done
if [ -n "$need" ]; then
    if [ "$(id -u)" = 0 ]; then
        apt-get install -y -qq --no-install-recommends $need >/dev/null
    else
        echo "missing Debian packages; run as root: apt-get install$need" >&2
        exit 1
    fi
fi
mkdir -p build
cc -O2 -std=c11 -D_POSIX_C_SOURCE=200809L tools/imgtool.c $(pkg-config --cflags --libs stb) -lm -o build/imgtool
font=/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf
out=content/vi/di-tich/dong-xoai/anh
mkdir -p "$out"
# orientation of each page as stored: 1 upright, 6 and 8 turned a quarter, 3 upside down
set -- 1 6 1 8 3 1 6 1
for n in 1 2 3 4 5 6 7 8; do
    build/imgtool scan "$font" "tools/scans/0$n.txt" "$out/ke-hoach-108-$n.jpg" "$1"
    shift
done
bg=/usr/share/backgrounds/mate/nature
mkdir -p static/anh/minh-hoa
build/imgtool photo "$bg/Garden.jpg" static/anh/minh-hoa/hoa-cuc-van-tho.jpg 2000 1
build/imgtool photo "$bg/YellowFlower.jpg" static/anh/minh-hoa/hoa-vang.jpg 2000 6
build/imgtool photo "$bg/LadyBird.jpg" static/anh/minh-hoa/bo-rua.jpg 2000 1
build/imgtool photo "$bg/TwoWings.jpg" static/anh/minh-hoa/bo-cong-anh.jpg 2000 8
ls -l "$out" static/anh/minh-hoa
