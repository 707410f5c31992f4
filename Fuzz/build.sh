#!/bin/sh
# Builds the libFuzzer targets with swiftc (-sanitize=fuzzer,address), one module at a
# time, outside SwiftPM so the package itself needs no fuzzing flags.
#   Fuzz/build.sh [bol|checkpoint|sample ...]     (default: all three)
set -eu
cd "$(dirname "$0")/.."
B=.build/fuzz
mkdir -p "$B"
FLAGS="-sanitize=fuzzer,address -parse-as-library -Onone -I $B -I Sources/CBLAS -I Sources/CSndFile -I Sources/CSampleRate"

module() { # name files...
    name=$1; shift
    [ "$B/$name.o" -nt "Sources/$name" ] && [ -z "$(find Sources/$name -newer $B/$name.o)" ] && return 0
    echo "compiling $name"
    swiftc $FLAGS -module-name "$name" -wmo -emit-module -emit-module-path "$B/$name.swiftmodule" -c "$@" -o "$B/$name.o"
}

targets=${*:-bol checkpoint sample}
module TablaSupport Sources/TablaSupport/*.swift
module TablaNotation Sources/TablaNotation/*.swift
for t in $targets; do
    case $t in
    bol) objs="$B/TablaSupport.o $B/TablaNotation.o"; src=Fuzz/FuzzBol.swift; libs="" ;;
    checkpoint)
        module TablaML Sources/TablaML/*.swift
        objs="$B/TablaSupport.o $B/TablaML.o"; src=Fuzz/FuzzCheckpoint.swift; libs="-lopenblas" ;;
    sample)
        module TablaSynthesis Sources/TablaSynthesis/*.swift
        module TablaAudio Sources/TablaAudio/*.swift
        objs="$B/TablaSupport.o $B/TablaNotation.o $B/TablaSynthesis.o $B/TablaAudio.o"; src=Fuzz/FuzzSample.swift
        libs="-lsndfile -lsamplerate" ;;
    *) echo "unknown fuzz target $t" >&2; exit 64 ;;
    esac
    echo "linking fuzz-$t"
    swiftc $FLAGS $src $objs $libs -o "$B/fuzz-$t" 2>&1 | grep -v "Cannot export local symbol" || true
done
