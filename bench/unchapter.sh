#!/usr/bin/env bash
# Removes what chapter.sh made (after KEEP=1), nothing else.
docker rm -f -v kubia-container bench-hello bench-redis bench-redis-507 bench-registry >/dev/null 2>&1
docker rmi kubia:latest yourid/kubia:1.0 127.0.0.1:5099/yourid/kubia:1.0 >/dev/null 2>&1
true
