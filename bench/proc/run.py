#!/usr/bin/env python3
"""Benchmarks goroutines and channels: talpa against gc.

Each bench/proc/NAME.go is a `package main` that imports nothing, starts goroutines and
prints its result with println; NAME.out is the output gc's build printed. The method is
bench/lang/run.py's (this script is that one pointed at this directory): both builds are
checked against NAME.out, then run interleaved --runs times, and the report gives median
wall time, CPU time (user+system, all threads), peak RSS and binary size, with ratios.
Wall time is the figure that matters here: gc runs goroutines on every core (GOMAXPROCS
defaults to the number of CPUs) and so does talpa. --gc1p adds gc with GOMAXPROCS=1.

    bench/proc/run.py [--talpa build/bin/talpa] [--runs 5] [--gc1p] [NAME...]
    bench/proc/run.py --write-golden [NAME...]

goroutines: 1,000,000 goroutines parked on one channel, then released (peak RSS / 1e6
is the memory per goroutine); pingpong: 1,000,000 round trips between two goroutines
over unbuffered channels; workerpool: 2,000,000 jobs through a buffered channel to eight
workers (select with a quit channel), results fanned in.
"""
import os, sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "lang"))
import run as lang  # noqa: E402

if __name__ == "__main__":
    sys.exit(lang.main(here=HERE, description=__doc__.split("\n")[1]))
