#!/usr/bin/env bash
# ctest runs each doctest case by its name; a ";" in a name splits it into two arguments, and
# the case then silently runs nothing. Refuse such names.
set -eu
cd "$1"
if grep -rn 'TEST_CASE("[^"]*;' tests; then
  echo "FAIL: a test case name above holds \";\": ctest would never run it"
  exit 1
fi
echo "test case names: none holds a \";\""
