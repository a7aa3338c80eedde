# SPDX-License-Identifier: GPL-2.0
# Shared helpers for the harness scripts; sourced, not run.

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=${AUDMOD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/audmod}
mkdir -p "$CACHE"

log() { echo ">>> $*" >&2; }
die() { echo "error: $*" >&2; exit 1; }

# need_pkgs PKG...: install the Debian packages that are missing, once.
need_pkgs() {
	local missing=() p
	for p in "$@"; do
		dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
			missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	log "installing ${missing[*]}"
	if [ -z "${AUDMOD_APT_UPDATED:-}" ]; then
		apt-get update -qq -o DPkg::Lock::Timeout=600 >&2 || die "apt-get update failed"
		export AUDMOD_APT_UPDATED=1
	fi
	# Another run (a second make target, a second engineer) may hold the
	# dpkg lock: wait for it rather than fail.
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		-o DPkg::Lock::Timeout=600 \
		"${missing[@]}" >&2 || die "apt-get install ${missing[*]} failed"
}

# stock_abi: the kernel ABI of the installed linux-headers-amd64 metapackage
# (for example 6.1.0-56-amd64).
stock_abi() {
	dpkg-query -W -f '${Depends}' linux-headers-amd64 |
		grep -o 'linux-headers-[^ ,]*-amd64' | head -n 1 |
		sed 's/^linux-headers-//'
}

# debug_kdir: the debug kernel build dir, building it if needed.
debug_kdir() {
	"$TOP/scripts/build-debug-kernel.sh"
}

# source_copy: a copy of the tree without build products in a new directory
# of the cache (printed), so that builds never touch the checkout.
source_copy() {
	local work
	need_pkgs rsync make gcc
	work=$(mktemp -d "$CACHE/build.XXXXXX")
	rsync -a --exclude .git --exclude '*.o' --exclude '*.ko' --exclude '*.cmd' \
		--exclude '.*.d' --exclude '*.mod*' --exclude Module.symvers \
		--exclude modules.order \
		"$TOP/" "$work/"
	echo "$work"
}

# build_modules KDIR OUTDIR [MAKE ARGS]: build every module of the tree
# against KDIR in a private copy (so builds for different kernels never
# share objects), fail on any warning, and copy the .ko files to OUTDIR.
# The flags are make's own (W=1 only where MAKE ARGS ask: it defines
# KBUILD_EXTRA_WARN1, which changes the object code), so the driver that the
# checks load is the one a user builds.
build_modules() {
	local kdir=$1 out=$2 work
	shift 2
	work=$(source_copy)
	make -s -C "$kdir" M="$work" AUDMOD_EXTRA=1 "$@" -j"$(nproc)" modules >"$work/build.log" 2>&1 || {
		cat "$work/build.log" >&2
		rm -rf "$work"
		die "module build against $kdir failed"
	}
	if grep -E 'warning:|error:' "$work/build.log" >&2; then
		rm -rf "$work"
		die "module build against $kdir has warnings"
	fi
	mkdir -p "$out"
	find "$work" -name '*.ko' -exec cp {} "$out/" \;
	rm -rf "$work"
}

KERNEL_SRC_PKG=linux-source-6.12

kernel_src_version() {
	dpkg-query -W -f '${Version}' "$KERNEL_SRC_PKG"
}

# kernel_src: the extracted 6.12 source tree (for the debug kernel build and
# for checkpatch/kernel-doc), extracted once into the cache.
kernel_src() {
	need_pkgs "$KERNEL_SRC_PKG" xz-utils
	local src
	src="$CACHE/src/$KERNEL_SRC_PKG-$(kernel_src_version)"
	if [ ! -f "$src/.done" ]; then
		log "extracting $KERNEL_SRC_PKG"
		rm -rf "$src" && mkdir -p "$src"
		tar -xaf "/usr/src/$KERNEL_SRC_PKG.tar.xz" -C "$src" --strip-components=1
		touch "$src/.done"
	fi
	echo "$src"
}

# The newest kernel Debian unstable ships, for the compile tree
# (next-kernel.sh) and the next debug kernel (build-debug-kernel.sh next).
NEXT_KERNEL_PKG=${NEXT_KERNEL_PKG:-linux-source-7.2}

# sid_candidate PKG: the version of PKG Debian unstable has now.
sid_candidate() {
	APT_CONFIG=$(sid_apt) apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/ {print $2}'
}

# next_src VERSION: the pristine source of NEXT_KERNEL_PKG VERSION from
# Debian unstable (never installed: only the tarball in its .deb is read),
# unpacked once into the cache and shared by every tree built from it.
# Prints its path.
next_src() {
	local ver=$1 pkg=$NEXT_KERNEL_PKG src conf
	src="$CACHE/src/$pkg-$ver"
	if [ ! -f "$src/.done" ]; then
		need_pkgs xz-utils
		conf=$(sid_apt)
		# The lock next-kernel.sh prepares its tree under: one unpacker.
		exec 8>"$CACHE/kernel-next.lock"
		flock 8
		if [ ! -f "$src/.done" ]; then
			log "fetching $pkg $ver from Debian unstable"
			rm -rf "$src" && mkdir -p "$src/.deb"
			(cd "$src/.deb" && APT_CONFIG=$conf apt-get download "$pkg=$ver" >/dev/null 2>&1) ||
				die "apt-get download $pkg=$ver failed"
			log "unpacking $pkg $ver"
			# Only the tarball inside the .deb is wanted: stream it out.
			dpkg-deb --fsys-tarfile "$src"/.deb/*.deb |
				tar -xO --wildcards "./usr/src/$pkg.tar.*" |
				tar -xJ -C "$src" --strip-components=1 ||
				die "unpacking $pkg failed"
			rm -rf "$src/.deb"
			[ -f "$src/Makefile" ] || die "no kernel tree in $pkg"
			touch "$src/.done"
		fi
		flock -u 8
		exec 8>&-
	fi
	echo "$src"
}

# next_sparse SRC: print the path of a sparse that the checker-valid.sh of
# the kernel source SRC accepts, building sid's sparse into the cache if the
# system's is not.
next_sparse() {
	local src=$1 sver sp conf
	if [ "$(sh "$src/scripts/checker-valid.sh" sparse -m64)" = 1 ]; then
		command -v sparse
		return
	fi
	sver=$(sid_candidate sparse)
	sp="$CACHE/sparse-$sver"
	if [ ! -f "$sp/.done" ]; then
		conf=$(sid_apt)
		log "the system's sparse is too old for $(basename "$src"): building sid's sparse $sver"
		rm -rf "$sp" && mkdir -p "$sp/dl" "$sp/src"
		(cd "$sp/dl" && APT_CONFIG=$conf apt-get source --download-only "sparse=$sver" \
			>/dev/null 2>&1) || die "apt-get source sparse=$sver failed"
		tar -xaf "$sp"/dl/sparse_*.orig.tar.* -C "$sp/src" --strip-components=1
		# Only the checker itself: no LLVM, sqlite or GTK front ends.
		make -C "$sp/src" -j"$(nproc)" HAVE_LLVM=no HAVE_SQLITE=no HAVE_GTK=no \
			sparse >"$sp/build.log" 2>&1 || die "sparse build failed (log: $sp/build.log)"
		mv "$sp/src/sparse" "$sp/sparse"
		rm -rf "$sp/dl" "$sp/src"
		touch "$sp/.done"
	fi
	[ "$(sh "$src/scripts/checker-valid.sh" "$sp/sparse" -m64)" = 1 ] ||
		die "sid's sparse $sver is still too old for $(basename "$src")"
	echo "$sp/sparse"
}

# private_apt DIR WHAT ARCH...: write DIR/apt.conf, an APT configuration
# whose state and cache are in DIR and whose sources and settings are those
# in DIR/etc, for the architectures ARCH (the system's dpkg status is only
# read); refresh its package lists once a day ("the package lists WHAT"),
# and print its path.
private_apt() {
	local d=$1 what=$2 archs='' a conf=$1/apt.conf
	shift 2
	for a in "$@"; do
		archs="$archs \"$a\";"
	done
	cat >"$conf" <<-CONF
	Dir::State "$d/state";
	Dir::State::status "/var/lib/dpkg/status";
	Dir::Cache "$d/cache";
	Dir::Etc::sourcelist "$d/etc/sources.list";
	Dir::Etc::sourceparts "$d/etc/sources.list.d";
	Dir::Etc::parts "$d/etc/apt.conf.d";
	Dir::Etc::preferencesparts "$d/etc/preferences.d";
	APT::Architectures {$archs };
	APT::Sandbox::User "root";
	Acquire::Languages "none";
	CONF
	if [ -z "$(find "$d/state" -maxdepth 1 -name updated -mtime -1)" ]; then
		log "refreshing the package lists $what"
		APT_CONFIG=$conf apt-get update -qq >&2 || die "apt-get update ($what) failed"
		touch "$d/state/updated"
	fi
	echo "$conf"
}

# foreign_apt ARCH: print the path of a private APT_CONFIG that sees the
# system's sources for amd64 and ARCH, so that "apt-get download PKG:ARCH"
# works without "dpkg --add-architecture" (the system's dpkg state is only
# read). Its package lists are refreshed once a day.
foreign_apt() {
	local arch=$1 d
	d="$CACHE/apt-$arch"
	mkdir -p "$d"/{state/lists/partial,cache/archives/partial,etc/preferences.d}
	cp -r /etc/apt/sources.list.d "$d/etc/" 2>/dev/null || true
	[ -e /etc/apt/sources.list ] && cp /etc/apt/sources.list "$d/etc/"
	[ -e "$d/etc/sources.list" ] || : >"$d/etc/sources.list"
	rm -rf "$d/etc/apt.conf.d" && cp -r /etc/apt/apt.conf.d "$d/etc/"
	private_apt "$d" "for $arch" amd64 "$arch"
}

# foreign_unpack CONF DIR PKG:ARCH...: download the current version of each
# package with the private APT_CONFIG CONF and unpack it into DIR.
foreign_unpack() {
	local conf=$1 dir=$2 deb
	shift 2
	mkdir -p "$dir/.deb"
	(cd "$dir/.deb" && APT_CONFIG=$conf apt-get download "$@" >/dev/null 2>&1) ||
		die "apt-get download $* failed"
	for deb in "$dir"/.deb/*.deb; do
		dpkg -x "$deb" "$dir"
	done
	rm -rf "$dir/.deb"
}

# qemu_arm64_args: the QEMU command of the arm64 guest, on one line. The
# device tree that QEMU generates depends on these options, so mkdtb.sh
# dumps it with the same ones. cortex-a57: "max" emulates pointer
# authentication and is twice as slow under TCG.
qemu_arm64_args() {
	echo qemu-system-aarch64 -M virt -cpu cortex-a57 -smp 2 -m 2048
}

# sid_apt: print the path of a private APT_CONFIG that sees Debian unstable
# (main, amd64, and its sources) only, so that "apt-get download PKG" and
# "apt-get source PKG" can fetch a newer kernel (or tool) than the system's
# release ships without touching the system's sources. It uses the
# system's Debian mirror (the first non-security one named in /etc/apt) and
# keyring. Its package lists are refreshed once a day.
sid_apt() {
	local d mirror
	d="$CACHE/apt-sid"
	mkdir -p "$d"/{state/lists/partial,cache/archives/partial,etc/preferences.d,etc/sources.list.d}
	mirror=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
		/etc/apt/sources.list.d/*.sources 2>/dev/null | sed 's/#.*//' |
		grep -oE 'https?://[^ ]+/debian/?( |$)' | grep -v security |
		head -n 1 | tr -d ' ')
	mirror=${mirror%/}
	[ -n "$mirror" ] || mirror=http://deb.debian.org/debian
	# deb-src too: a tool too old on the system is built from sid's source.
	printf 'deb%s [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] %s sid main\n' \
		"" "$mirror" -src "$mirror" >"$d/etc/sources.list"
	# The system's settings, but with a package cache kept (some images
	# turn it off): every apt-cache query would parse sid's lists again.
	rm -rf "$d/etc/apt.conf.d" && cp -r /etc/apt/apt.conf.d "$d/etc/"
	printf 'Dir::Cache::pkgcache "pkgcache.bin";\nDir::Cache::srcpkgcache "srcpkgcache.bin";\n' \
		>"$d/etc/apt.conf.d/zz-audmod-pkgcache"
	private_apt "$d" "of Debian unstable" amd64
}
