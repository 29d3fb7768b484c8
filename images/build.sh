#!/bin/bash
# images/build.sh — build collint's MySQL/MariaDB test images without any
# container registry, from Debian packages (debootstrap + docker import).
#
#   ./images/build.sh collint/mysql:9.7 collint/mariadb:10.11 collint/mariadb:11.8
#   make images                      # same, with the Makefile's IMAGES list
#
# For every image:
#   1. skip it if it already exists locally (docker image inspect);
#   2. else try `docker pull` of the official image (≤ COLLINT_PULL_TIMEOUT s,
#      default 15) and tag it as ours, so a connected laptop gets the same tags
#      (set COLLINT_IMAGES_NO_PULL=1 to always build from Debian packages);
#   3. else build it: debootstrap --variant=minbase of the Debian suite that
#      ships the wanted server version into a temporary directory (always
#      removed), apt-get install the server package, add the entrypoint
#      (docker-entrypoint.sh) and config (collint-docker.cnf), trim docs,
#      man pages, locales and apt lists, and `docker import` the tree.
#
# Building needs root (debootstrap/chroot); when not root, sudo is used if
# available. Environment knobs:
#   COLLINT_DEBIAN_MIRROR   default http://deb.debian.org/debian
#   COLLINT_PULL_TIMEOUT    seconds for the docker pull attempt (default 15, 0 = skip)
#   COLLINT_IMAGES_NO_PULL  non-empty: never pull, always build locally
#   COLLINT_IMAGES_REBUILD  non-empty: rebuild even if the image exists
#   COLLINT_IMAGES_BARE_CORE non-empty: MariaDB without the mariadb-server
#                           package's 50-server.cnf (compiled-in defaults:
#                           latin1 for 10.11); see images/README.md
#   TMPDIR                  where the temporary rootfs goes (default /var/tmp)
#
# Exit status: 0 if every required image exists at the end. Optional images
# (collint/mariadb:11.8) that cannot be built are reported and skipped.
set -Eeuo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
MIRROR=${COLLINT_DEBIAN_MIRROR:-http://deb.debian.org/debian}
PULL_TIMEOUT=${COLLINT_PULL_TIMEOUT:-15}

say() { printf '[images] %s\n' "$*"; }
err() { printf '[images] ERROR: %s\n' "$*" >&2; }

SUDO=()
if [ "$(id -u)" != 0 ]; then
	if command -v sudo >/dev/null 2>&1; then
		SUDO=(sudo --preserve-env=DEBIAN_FRONTEND)
		say "not running as root: using sudo for debootstrap/chroot/tar"
	fi
fi
DOCKER=(docker)

# spec IMAGE sets: SUITE PKGS OFFICIAL FLAVOR WANT OPTIONAL.
spec() {
	OPTIONAL=""
	case "$1" in
	collint/mysql:9.7)
		SUITE=sid FLAVOR=mysql WANT=9.7 OFFICIAL=mysql:9.7
		PKGS="mysql-server-core mysql-client-core"
		;;
	collint/mariadb:10.11)
		SUITE=bookworm FLAVOR=mariadb WANT=10.11 OFFICIAL=mariadb:10.11
		PKGS="mariadb-server-core mariadb-client-core"
		;;
	collint/mariadb:11.8)
		SUITE=trixie FLAVOR=mariadb WANT=11.8 OFFICIAL=mariadb:11.8 OPTIONAL=1
		PKGS="mariadb-server-core mariadb-client-core"
		;;
	*) return 1 ;;
	esac
}

have_image() { "${DOCKER[@]}" image inspect "$1" >/dev/null 2>&1; }

try_pull() {
	local image=$1 official=$2
	[ -z "${COLLINT_IMAGES_NO_PULL:-}" ] || return 1
	[ "$PULL_TIMEOUT" != 0 ] || return 1
	command -v timeout >/dev/null 2>&1 || return 1
	say "$image: trying docker pull $official (timeout ${PULL_TIMEOUT}s)"
	if timeout --kill-after=5 "$PULL_TIMEOUT" "${DOCKER[@]}" pull -q "$official" >/dev/null 2>&1; then
		"${DOCKER[@]}" tag "$official" "$image"
		say "$image: tagged from official $official"
		return 0
	fi
	say "$image: pull failed or timed out; building from Debian $SUITE packages"
	return 1
}

# build IMAGE — runs in a subshell so its EXIT trap removes its temp dir.
build() (
	set -Eeuo pipefail
	local image=$1 tmp root t0 log
	t0=$(date +%s)
	[ "${#SUDO[@]}" -gt 0 ] || [ "$(id -u)" = 0 ] || {
		err "$image: building needs root (debootstrap/chroot) and sudo is not available"
		exit 1
	}
	local debootstrap
	debootstrap=$(PATH="$PATH:/usr/sbin:/sbin" command -v debootstrap) || {
		err "$image: debootstrap not found (apt-get install -y debootstrap)"
		exit 1
	}

	tmp=$(mktemp -d -p "${TMPDIR:-/var/tmp}" collint-image.XXXXXX)
	root=$tmp/rootfs
	log=$tmp/build.log
	cleanup() {
		local rc=$?
		if [ "$rc" != 0 ] && [ -f "$log" ]; then
			err "$image: build failed; last lines of the build log:"
			tail -n 30 "$log" >&2 || true
		fi
		# Never follow mounts out of the temp dir (we mount nothing, but be safe).
		"${SUDO[@]}" rm -rf --one-file-system "$tmp"
		exit "$rc"
	}
	trap cleanup EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM

	say "$image: debootstrap --variant=minbase $SUITE (temp dir $tmp)"
	"${SUDO[@]}" "$debootstrap" --variant=minbase --components=main \
		"$SUITE" "$root" "$MIRROR" >"$log" 2>&1
	say "$image: base system ready after $(($(date +%s) - t0))s; installing $PKGS"

	# apt/dpkg settings for the build: no recommends, no docs/man/locales, and
	# accept the expired Valid-Until of a sid snapshot.
	"${SUDO[@]}" tee "$root/etc/apt/apt.conf.d/99collint" >/dev/null <<-'EOF'
		Acquire::Check-Valid-Until "false";
		Acquire::Languages "none";
		APT::Install-Recommends "false";
		APT::Install-Suggests "false";
	EOF
	"${SUDO[@]}" tee "$root/etc/dpkg/dpkg.cfg.d/01collint-nodoc" >/dev/null <<-'EOF'
		path-exclude /usr/share/doc/*
		path-include /usr/share/doc/*/copyright
		path-exclude /usr/share/man/*
		path-exclude /usr/share/info/*
		path-exclude /usr/share/locale/*
		path-exclude /usr/share/lintian/*
	EOF
	printf '#!/bin/sh\nexit 101\n' | "${SUDO[@]}" tee "$root/usr/sbin/policy-rc.d" >/dev/null
	"${SUDO[@]}" chmod 0755 "$root/usr/sbin/policy-rc.d"

	local chroot_env=(env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive LC_ALL=C)
	# shellcheck disable=SC2086
	{
		"${SUDO[@]}" chroot "$root" "${chroot_env[@]}" apt-get -q update &&
			"${SUDO[@]}" chroot "$root" "${chroot_env[@]}" apt-get -q -y install $PKGS
	} >>"$log" 2>&1

	# mysql user/group (the *-server-core packages do not create them; the
	# official images use uid/gid 999 too).
	if ! "${SUDO[@]}" chroot "$root" getent group mysql >/dev/null; then
		"${SUDO[@]}" chroot "$root" groupadd --system --gid 999 mysql 2>>"$log" ||
			"${SUDO[@]}" chroot "$root" groupadd --system mysql
	fi
	if ! "${SUDO[@]}" chroot "$root" getent passwd mysql >/dev/null; then
		"${SUDO[@]}" chroot "$root" useradd --system --uid 999 --gid mysql --no-create-home \
			--home-dir /nonexistent --shell /usr/sbin/nologin mysql 2>>"$log" ||
			"${SUDO[@]}" chroot "$root" useradd --system --gid mysql --no-create-home \
				--home-dir /nonexistent --shell /usr/sbin/nologin mysql
	fi

	# Directories and config.
	"${SUDO[@]}" install -d -m 0755 "$root/etc/mysql/conf.d"
	if [ ! -e "$root/etc/mysql/my.cnf" ] && [ ! -L "$root/etc/mysql/my.cnf" ]; then
		printf '# Written by collint images/build.sh (no mysql-common installed).\n!includedir /etc/mysql/conf.d/\n' |
			"${SUDO[@]}" tee "$root/etc/mysql/my.cnf" >/dev/null
	fi
	"${SUDO[@]}" install -m 0644 "$HERE/collint-docker.cnf" "$root/etc/mysql/conf.d/collint-docker.cnf"
	"${SUDO[@]}" install -d -m 0755 "$root/usr/local/bin"
	"${SUDO[@]}" install -m 0755 "$HERE/docker-entrypoint.sh" "$root/usr/local/bin/docker-entrypoint.sh"
	"${SUDO[@]}" install -d -m 0755 -o 999 -g 999 "$root/run/mysqld"
	"${SUDO[@]}" chroot "$root" chown mysql:mysql /run/mysqld
	"${SUDO[@]}" install -d -m 0750 "$root/var/lib/mysql"
	"${SUDO[@]}" chroot "$root" chown mysql:mysql /var/lib/mysql
	if [ "$FLAVOR" = mysql ]; then
		"${SUDO[@]}" install -d -m 0750 "$root/var/lib/mysql-files"
		"${SUDO[@]}" chroot "$root" chown mysql:mysql /var/lib/mysql-files
	fi

	# MariaDB: ship the server config of the suite's full `mariadb-server`
	# package (50-server.cnf), like the official image and a real Debian
	# install do. For 10.11 it is what sets character-set-server=utf8mb4 /
	# collation-server=utf8mb4_general_ci (the compiled default is latin1);
	# 11.8's file sets no charset. bind-address is commented out exactly like
	# the official image does. COLLINT_IMAGES_BARE_CORE=1 skips this and keeps
	# the compiled-in defaults of mariadb-server-core.
	SERVER_CNF=none
	if [ "$FLAVOR" = mariadb ] && [ -z "${COLLINT_IMAGES_BARE_CORE:-}" ]; then
		"${SUDO[@]}" chroot "$root" "${chroot_env[@]}" sh -euc '
			cd /tmp
			apt-get -q download mariadb-server
			dpkg-deb --fsys-tarfile mariadb-server_*.deb |
				tar -x -C / ./etc/mysql/mariadb.conf.d/50-server.cnf
			sed -Ei "s/^(bind-address|log|user\s)/#&/" /etc/mysql/mariadb.conf.d/50-server.cnf
			rm -f mariadb-server_*.deb' >>"$log" 2>&1
		SERVER_CNF="50-server.cnf from mariadb-server"
	fi

	# Check we got the server version the tag promises.
	local server=mysqld mainpkg=${PKGS%% *} version pkgver
	[ "$FLAVOR" = mysql ] || server=mariadbd
	version=$("${SUDO[@]}" chroot "$root" "$server" --version 2>>"$log") || {
		echo "$server --version failed" >>"$log"
		exit 1
	}
	pkgver=$("${SUDO[@]}" chroot "$root" dpkg-query -W -f '${Version}' "$mainpkg")
	if [[ "$version" != *" Ver $WANT."* ]] && [[ "$version" != *"-$WANT."* ]] && [[ "$version" != *" $WANT."* ]]; then
		echo "version mismatch: $image wants $WANT, $SUITE has: $version" >>"$log"
		exit 1
	fi
	say "$image: $mainpkg $pkgver ($version)"

	# Trim.
	"${SUDO[@]}" rm -f "$root/usr/sbin/policy-rc.d"
	"${SUDO[@]}" sh -c "cd '$root' && rm -rf var/lib/apt/lists/* var/cache/apt/* var/cache/debconf/*-old \
		var/log/apt/* var/log/dpkg.log var/log/bootstrap.log var/log/alternatives.log \
		usr/share/man/* usr/share/info/* usr/share/lintian/* tmp/* var/tmp/* \
		dev/* proc/* sys/*
		find usr/share/doc -mindepth 1 -not -name copyright -not -type d -delete 2>/dev/null || true
		find usr/share/doc -mindepth 1 -type d -empty -delete 2>/dev/null || true
		find usr/share/locale -mindepth 1 -maxdepth 1 -not -name locale.alias -exec rm -rf {} + 2>/dev/null || true"

	local cmd='["mysqld"]' expose="3306 33060"
	if [ "$FLAVOR" = mariadb ]; then cmd='["mariadbd"]' expose=3306; fi
	say "$image: docker import ($(du -sh --apparent-size "$root" 2>/dev/null | cut -f1) rootfs)"
	"${SUDO[@]}" tar -C "$root" --numeric-owner -cf - . | "${DOCKER[@]}" import \
		--change 'ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]' \
		--change "CMD $cmd" \
		--change "EXPOSE $expose" \
		--change 'VOLUME /var/lib/mysql' \
		--change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8' \
		--change "LABEL org.opencontainers.image.title=\"$image\" \
org.opencontainers.image.description=\"$FLAVOR $pkgver from Debian $SUITE ($mainpkg), built by collint images/build.sh\" \
org.opencontainers.image.version=\"$pkgver\" \
org.opencontainers.image.source=\"https://github.com/collint/collint\" \
dev.collint.image.suite=\"$SUITE\" dev.collint.image.packages=\"$PKGS\" \
dev.collint.image.flavor=\"$FLAVOR\" dev.collint.image.server-cnf=\"$SERVER_CNF\"" \
		--message "collint images/build.sh: $PKGS from Debian $SUITE" \
		- "$image" >/dev/null

	local size secs
	secs=$(($(date +%s) - t0))
	size=$("${DOCKER[@]}" image inspect -f '{{.Size}}' "$image")
	say "$image: built in ${secs}s, image size $((size / 1000000)) MB"
)

main() {
	if [ "$#" -eq 0 ]; then
		echo "usage: $0 IMAGE..." >&2
		echo "known images: collint/mysql:9.7 collint/mariadb:10.11 collint/mariadb:11.8" >&2
		exit 2
	fi
	command -v docker >/dev/null 2>&1 || { err "docker CLI not found"; exit 1; }
	"${DOCKER[@]}" info >/dev/null 2>&1 || { err "docker engine not reachable"; exit 1; }

	local image failed=() skipped=()
	for image in "$@"; do
		if ! spec "$image"; then
			err "$image: unknown image (known: collint/mysql:9.7 collint/mariadb:10.11 collint/mariadb:11.8)"
			failed+=("$image")
			continue
		fi
		if [ -z "${COLLINT_IMAGES_REBUILD:-}" ] && have_image "$image"; then
			say "$image: already present, skipping"
			continue
		fi
		if try_pull "$image" "$OFFICIAL"; then
			continue
		fi
		local old_id=""
		old_id=$("${DOCKER[@]}" image inspect -f '{{.Id}}' "$image" 2>/dev/null || true)
		# Not in an `if`: errexit must stay active inside build().
		set +e
		build "$image"
		local rc=$?
		set -e
		if [ "$rc" = 0 ]; then
			# A rebuild leaves the previous image untagged: drop it if unused.
			if [ -n "$old_id" ] && [ "$old_id" != "$("${DOCKER[@]}" image inspect -f '{{.Id}}' "$image")" ]; then
				"${DOCKER[@]}" image rm "$old_id" >/dev/null 2>&1 || true
			fi
			continue
		fi
		if [ -n "$OPTIONAL" ]; then
			say "$image: optional image could not be built (see above); continuing"
			skipped+=("$image")
		else
			failed+=("$image")
		fi
	done
	[ "${#skipped[@]}" -eq 0 ] || say "skipped optional images: ${skipped[*]}"
	if [ "${#failed[@]}" -gt 0 ]; then
		err "failed: ${failed[*]}"
		exit 1
	fi
}

main "$@"
