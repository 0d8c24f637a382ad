# Checks the "trace" member of kiln_bench --trace's JSON (argv[1]) for a
# pool of at most argv[2] threads and prints what it found, for FileCheck.
import json
import sys

report = json.load(open(sys.argv[1]))
trace = report["trace"]
most = int(sys.argv[2])
busy = trace["busy_ms"]
print("trace of loop %d: %d items, %d item times, threads used %d of at "
      "most %d" % (trace["loop"], trace["items"], len(trace["item_ms"]),
                   len(busy), most))
ok = len(trace["item_thread"]) == trace["items"] and all(
    ms >= 0 and 0 <= thread < len(busy) and busy[thread] >= 0 and
    0 < share <= 1
    for ms, (thread, share) in zip(trace["item_ms"], trace["item_thread"]))
print("every item: a time >= 0, a thread with a busy time, a share in (0, 1]"
      if ok else "an item without a time or a thread")
