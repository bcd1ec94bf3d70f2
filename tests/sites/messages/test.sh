# Messages in the editor's language: --messages (before or after the
# command), WARDSITE_MESSAGES, the locale, site.yaml, in that order; the
# exact Vietnamese and English texts, a plugin's too; help in Vietnamese.
. "$CASE/../_lib.sh"
cd "$REPO"

# expect_same WANT GOT: the two files are identical
expect_same() {
    local d
    if ! d=$(diff "$1" "$2" 2>&1); then _fail "$(basename "$2") differs from $(basename "$1"):"; echo "$d" | head -n 20; fi
}

# build NAME [ENV...] -- [ARGS...]: a build of the repository with the
# environment of the suite but no choice of language, then ENV
build() {
    local name=$1; shift
    local envs=()
    while [ "$1" != "--" ]; do envs+=("$1"); shift; done
    shift
    run "$name" env -u WARDSITE_MESSAGES -u LC_ALL -u LC_MESSAGES -u LANG "${envs[@]}" \
        "$WARDSITE" "$@"
}

# English by the suite's choice (LC_ALL=C.UTF-8, WARDSITE_MESSAGES=en)
run en "$WARDSITE" build --quiet --out ../out
expect_status 1
expect_same "$CASE/expected-en.stderr" "$LOG/en.err"

build before LC_ALL=C.UTF-8 -- --messages vi build --quiet --out ../out
expect_status 1
expect_same "$CASE/expected-vi.stderr" "$LOG/before.err"
build after LC_ALL=C.UTF-8 -- build --quiet --out ../out --messages vi
expect_status 1
expect_same "$CASE/expected-vi.stderr" "$LOG/after.err"
# the option beats the environment
build over WARDSITE_MESSAGES=en LANG=vi_VN.UTF-8 -- build --messages vi --quiet --out ../out
expect_same "$CASE/expected-vi.stderr" "$LOG/over.err"

build lang LANG=vi_VN.UTF-8 -- build --quiet --out ../out
expect_status 1
expect_same "$CASE/expected-vi.stderr" "$LOG/lang.err"
build lc_messages LANG=en_US.UTF-8 LC_MESSAGES=vi_VN -- build --quiet --out ../out
expect_same "$CASE/expected-vi.stderr" "$LOG/lc_messages.err"
# LC_ALL comes first; WARDSITE_MESSAGES before any of them
build lc_all LC_ALL=en_US.UTF-8 LANG=vi_VN.UTF-8 -- build --quiet --out ../out
expect_same "$CASE/expected-en.stderr" "$LOG/lc_all.err"
build env_en WARDSITE_MESSAGES=en LANG=vi_VN.UTF-8 -- build --quiet --out ../out
expect_same "$CASE/expected-en.stderr" "$LOG/env_en.err"
build env_vi WARDSITE_MESSAGES=vi LC_ALL=C.UTF-8 -- build --quiet --out ../out
expect_same "$CASE/expected-vi.stderr" "$LOG/env_vi.err"

# no choice: site.yaml's default language (en here)
build site_default LC_ALL=C.UTF-8 -- build --quiet --out ../out
expect_same "$CASE/expected-en.stderr" "$LOG/site_default.err"
# site.yaml's messages: beats its default language, not the locale
sed -i 's/^default_language: en$/default_language: en\nmessages: vi/' site.yaml
git commit -q -am "messages: vi"
build site_messages LC_ALL=C.UTF-8 -- build --quiet --out ../out
expect_status 1
expect_same "$CASE/expected-vi.stderr" "$LOG/site_messages.err"
build site_vs_locale LANG=en_US.UTF-8 -- build --quiet --out ../out
expect_same "$CASE/expected-en.stderr" "$LOG/site_vs_locale.err"
# and an unknown language there is an error (in English: nothing chose)
sed -i 's/^messages: vi$/messages: fr/' site.yaml
git commit -q -am "messages: fr"
build site_bad LC_ALL=C.UTF-8 -- build --quiet --out ../out
expect_status 1
expect_contains "$LOG/site_bad.err" "site.yaml:5:11: error: 'messages' is the language of wardsite's messages: vi or en, not fr"
build site_bad_vi LC_ALL=C.UTF-8 -- --messages vi build --quiet --out ../out
expect_contains "$LOG/site_bad_vi.err" "site.yaml:5:11: lỗi: 'messages' là ngôn ngữ các thông báo của wardsite: vi hoặc en, không được là fr"
expect_absent "$OUT"

# help, and the command line's own errors
build help LC_ALL=C.UTF-8 -- --messages vi help build
expect_status 0
expect_same "$CASE/help-build-vi.out" "$LOG/help.out"
build usage LC_ALL=C.UTF-8 -- build --messages vi --bogus
expect_status 2
echo "wardsite: lỗi: lệnh build không có tùy chọn '--bogus' (wardsite help liệt kê các lệnh và tùy chọn)" >"$WORK/usage.want"
expect_same "$WORK/usage.want" "$LOG/usage.err"
build bad_option LANG=vi_VN.UTF-8 -- --messages fr build
expect_status 2
echo "wardsite: lỗi: --messages cần vi hoặc en, không được là 'fr' (wardsite help liệt kê các lệnh và tùy chọn)" >"$WORK/bad_option.want"
expect_same "$WORK/bad_option.want" "$LOG/bad_option.err"
build bad_option_en LC_ALL=C.UTF-8 -- build --messages
expect_status 2
echo "wardsite: error: --messages needs vi or en, not '' (wardsite help lists the commands and options)" >"$WORK/bad_option_en.want"
expect_same "$WORK/bad_option_en.want" "$LOG/bad_option_en.err"
finish
