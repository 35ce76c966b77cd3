#!/usr/bin/env bash
# Refresh the translation catalogues from the code, then compile them (docs/translations.md).
#   scripts/messages.sh            every catalogue: painscope/web/locale (shared pages) and
#                                  each app's own locale/ folder
#   scripts/messages.sh journal    one app's catalogue only (several may be named)
#   scripts/messages.sh shared     the shared pages' catalogue only (painscope/web/locale)
#   scripts/messages.sh science    the science packages' sentences only (painscope/locale)
# The apps in js_apps also get a djangojs catalogue: the words their static scripts write
# (gettext/ngettext/interpolate, served by Django's JavaScriptCatalog at /jsi18n/).
# Needs GNU gettext (xgettext, msgmerge, msgfmt: apt-get install gettext) — only to edit
# translations; the compiled .mo files are committed, so running the site does not.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
py="$root/.venv/bin/python"
export DJANGO_SETTINGS_MODULE=painscope.web.settings
export PAINSCOPE_DATA_DIR="${PAINSCOPE_DATA_DIR:-$(mktemp -d)}"
languages=(de)
apps=(accounts assessments care explain insights_web journal programmes reminders wearables welcome)
js_apps=(journal)  # static/painscope/*.js: site, outbox, offline, zone
[ $# -gt 0 ] && apps=("$@")

make() {  # make <folder> [makemessages options]
  local dir=$1; shift
  mkdir -p "$dir/locale"
  for lang in "${languages[@]}"; do
    (cd "$dir" && "$py" -m django makemessages --locale "$lang" --no-obsolete --add-location=file "$@" >/dev/null)
  done
}

shared=0
[ $# -eq 0 ] && shared=1
for app in "${apps[@]}"; do
  if [ "$app" = shared ]; then shared=1; continue; fi
  if [ "$app" = science ]; then continue; fi
  make "painscope/web/$app"
  for js in "${js_apps[@]}"; do
    # the site's own scripts only: not the vendored libraries or any minified bundle
    if [ "$app" = "$js" ]; then make "painscope/web/$app" --domain djangojs --ignore 'vendor/*' --ignore '*.min.js'; fi
  done
done
if [ $shared -eq 1 ]; then
  # the shared pages (templates/, navigation.py, the other modules of painscope/web): every app folder left out
  ignores=()
  for d in painscope/web/*/; do
    name=$(basename "$d")
    [ "$name" = templates ] || [ "$name" = locale ] || ignores+=(--ignore "$name/*")
  done
  make painscope/web "${ignores[@]}"
fi
# The science packages' sentences (painscope/i18n.py: the standard library's gettext, no
# Django): every module that imports painscope.i18n, into painscope/locale.
science() {
  local pot=painscope/locale/painscope.pot
  mkdir -p painscope/locale
  mapfile -t sources < <(grep -rl --include=*.py "from painscope.i18n import" painscope | grep -v "^painscope/web/" | sort)
  xgettext --language=Python --from-code=UTF-8 --keyword=_ --keyword=gettext --keyword=ngettext:1,2 --keyword=N_ \
    --no-location --sort-output --package-name=painscope -o "$pot" "${sources[@]}"
  for lang in "${languages[@]}"; do
    local po="painscope/locale/$lang/LC_MESSAGES/painscope.po"
    mkdir -p "$(dirname "$po")"
    if [ -f "$po" ]; then msgmerge --quiet --update --backup=none --no-location --sort-output "$po" "$pot"
    else
      msginit --no-translator --locale="$lang" --input="$pot" --output-file="$po"
      sed -i 's/charset=ASCII/charset=UTF-8/' "$po"
    fi
    msgfmt --check-format -o "${po%.po}.mo" "$po"
  done
  rm -f "$pot"
}
if [ $shared -eq 1 ] || [ "${1:-}" = science ]; then science; fi
(cd painscope/web && "$py" -m django compilemessages --ignore '.venv' >/dev/null)
echo "catalogues refreshed and compiled; translate the empty msgstr entries (tests/web/test_translations.py checks)"
