#!/usr/bin/env python3
"""Runs a Jib image tarball (Docker format) without a container engine, to check what it ships.

Unpacks the layers in manifest order into DIR, then does what a runtime would do with the
image config: binds /proc, /sys and /dev, copies the host's /etc/hosts and /etc/resolv.conf,
chroots into DIR, changes to WorkingDir, drops to User and execs Entrypoint + args with only
the image's Env (plus any -e KEY=VALUE). Needs root (chroot and mounts); the network is the
host's, so a server in the image answers on the host's loopback.

  images/run-without-docker.py [--unpack-only] [-e KEY=VALUE ...] [-v HOST:PATH ...] TAR DIR [ARG ...]

It re-runs itself in a private mount namespace (unshare), so its mounts never reach the host's
and vanish with the process. Ctrl-C or SIGTERM stops the image's process. DIR is emptied first.
"""
import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tarfile

MOUNTS = ("proc", "sys", "dev")


def unpack(tar_path, root):
    with tarfile.open(tar_path) as image:
        manifest = json.load(image.extractfile("manifest.json"))[0]
        config = json.load(image.extractfile(manifest["Config"]))
        if os.path.isdir(root):
            if subprocess.run(["findmnt", "-rn", "-o", "TARGET"], capture_output=True, text=True,
                              check=True).stdout.find(root + "/") >= 0:
                sys.exit(f"something under {root} is still mounted; unmount it first")
            shutil.rmtree(root)
        os.makedirs(root)
        for layer in manifest["Layers"]:
            with tarfile.open(fileobj=image.extractfile(layer)) as files:
                # Layers come from our own build; numeric owners as in the image.
                files.extractall(root, numeric_owner=True)
    return config["config"]


def run(config, root, extra_env, volumes, args):
    binds = [(f"/{name}", name) for name in MOUNTS]
    binds += [(host, path.lstrip("/")) for host, _, path in (v.partition(":") for v in volumes)]
    mounted = []
    for source, inside in binds:
        target = os.path.join(root, inside)
        os.makedirs(target, exist_ok=True)
        subprocess.run(["mount", "--rbind", source, target], check=True)
        mounted.append(target)
    os.makedirs(os.path.join(root, "etc"), exist_ok=True)
    for name in ("hosts", "resolv.conf"):
        if os.path.exists(f"/etc/{name}"):
            shutil.copy(f"/etc/{name}", os.path.join(root, "etc", name))
    user, _, group = config.get("User", "0:0").partition(":")
    env = dict(e.split("=", 1) for e in config.get("Env", []))
    env.pop("SENTINEL_IMAGE_RUN_NS", None)
    env.update(dict(e.split("=", 1) for e in extra_env))
    argv = config["Entrypoint"] + (args or config.get("Cmd") or [])
    print(f"user {user}:{group or user}, cwd {config.get('WorkingDir', '/')}, exec {argv}", flush=True)
    pid = os.fork()
    if pid == 0:
        os.chroot(root)
        os.chdir(config.get("WorkingDir", "/"))
        os.setgroups([])
        os.setgid(int(group or user))
        os.setuid(int(user))
        os.execve(argv[0], argv, env)
    signal.signal(signal.SIGTERM, lambda *_: os.kill(pid, signal.SIGTERM))
    signal.signal(signal.SIGINT, lambda *_: os.kill(pid, signal.SIGTERM))
    try:
        while True:
            try:
                _, status = os.waitpid(pid, 0)
                return os.waitstatus_to_exitcode(status)
            except InterruptedError:
                continue
    finally:
        for target in reversed(mounted):
            subprocess.run(["umount", "-R", "-l", target], check=False)


def main():
    if os.environ.get("SENTINEL_IMAGE_RUN_NS") != "1":
        # Binds made in the host's namespace would follow its (often shared) propagation, and
        # unmounting them could reach the host's own /dev or /proc mounts.
        os.environ["SENTINEL_IMAGE_RUN_NS"] = "1"
        os.execvp("unshare", ["unshare", "--mount", "--propagation", "private", sys.executable] + sys.argv)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--unpack-only", action="store_true")
    parser.add_argument("-e", dest="env", action="append", default=[], metavar="KEY=VALUE")
    parser.add_argument("-v", dest="volumes", action="append", default=[], metavar="HOST_DIR:PATH")
    parser.add_argument("tar")
    parser.add_argument("dir")
    parser.add_argument("args", nargs=argparse.REMAINDER)
    opts = parser.parse_args()
    config = unpack(opts.tar, os.path.abspath(opts.dir))
    print(json.dumps({k: config.get(k) for k in ("User", "WorkingDir", "Entrypoint", "ExposedPorts", "Env")}, indent=1))
    if opts.unpack_only:
        return 0
    return run(config, os.path.abspath(opts.dir), opts.env, opts.volumes, opts.args)


if __name__ == "__main__":
    sys.exit(main())
