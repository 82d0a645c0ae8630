#!/usr/bin/env bash
# B side of `npm run bench`: the chapter's own docker commands for the same outcomes, no verification.
# KEEP=1 stops before "stop and remove", leaving the chapter's state for `labcheck check`.
set -euo pipefail
dir=${1:?usage: chapter.sh DIR-with-app.js-and-Dockerfile}
reg=127.0.0.1:5099
q() { "$@" >/dev/null; }

q docker run --name bench-hello busybox echo "Hello World"
q docker run -d --name bench-redis redis:alpine
q docker run -d --name bench-redis-507 redis:5.0.7-alpine
q docker build -t kubia:latest "$dir"
q docker images kubia
q docker history kubia:latest
q docker run --name kubia-container -p 1234:8080 -d kubia
until curl -fsS 127.0.0.1:1234 >/dev/null 2>&1; do sleep 0.05; done
q docker ps
q docker inspect kubia-container
q docker logs kubia-container
q docker tag kubia yourid/kubia:1.0
q docker run -d --name bench-registry -p "$reg:5000" registry:2
until curl -fsS "http://$reg/v2/" >/dev/null 2>&1; do sleep 0.05; done
q docker tag kubia "$reg/yourid/kubia:1.0"
q docker push "$reg/yourid/kubia:1.0"
[ "${KEEP:-0}" = 1 ] && exit 0
q docker stop kubia-container
q docker rm kubia-container
q docker rmi kubia:latest
q docker rmi yourid/kubia:1.0 "$reg/yourid/kubia:1.0"
q docker rm -f -v bench-hello bench-redis bench-redis-507 bench-registry
