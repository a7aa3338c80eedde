#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The sound servers of the servers boot (scripts/guest/servers.sh): PipeWire,
# WirePlumber, jackd2 and a D-Bus session daemon, as Debian 12 ships them,
# downloaded with the host's apt (whatever versions its lists name) and
# unpacked with dpkg -x into a root tree that mkinitramfs.sh merges into the
# guest (AUDMOD_GUEST_EXTRA_ROOT). The tree is kept in the cache, keyed by
# the versions of the packages, and printed on stdout.
# The libraries these programs need beyond a base system are downloaded
# too, so that the guest does not depend on what the host happens to have
# installed; the rest (libc, libsystemd, ...) mkinitramfs.sh copies from
# the host. Plugins whose libraries are not in the tree and that no check
# uses (filter-chain, the PulseAudio tunnel, WebRTC echo cancelling, the
# zita bridges) are removed; any other unresolved library is an error.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/scripts/lib.sh"

pkgs=(
	pipewire pipewire-bin libpipewire-0.3-0 libpipewire-0.3-modules
	libpipewire-0.3-common libspa-0.2-modules
	wireplumber libwireplumber-0.4-0 liblua5.3-0 libglib2.0-0
	jackd2 libjack-jackd2-0 libsamplerate0 libopus0 libdb5.3
	libavahi-client3 libavahi-common3
	dbus-daemon dbus-session-bus-common libdbus-1-3 libexpat1 libapparmor1
	libsndfile1 libflac12 libogg0 libvorbis0a libvorbisenc2 libmpg123-0
	libmp3lame0 libreadline8
)
multi=usr/lib/x86_64-linux-gnu

# The file names apt would download carry the versions: the cache key.
uris() {
	apt-get download --print-uris "${pkgs[@]}" 2>/dev/null
}
if ! list=$(uris); then
	log "refreshing the package lists"
	apt-get update -qq >&2 || die "apt-get update failed"
	list=$(uris) || die "apt-get download: a package of the servers boot is unknown"
fi
key=$(echo "$list" | awk '{print $2}' | sort | sha256sum | cut -c1-16)
tree=$CACHE/servers-root-$key
if [ -f "$tree/.done" ]; then
	echo "$tree"
	exit 0
fi

log "downloading and unpacking the sound servers (${#pkgs[@]} packages)"
rm -rf "$tree"
mkdir -p "$tree/.deb"
# APT::Sandbox::User=root: apt's own user cannot write into the cache.
(cd "$tree/.deb" && apt-get -q -o APT::Sandbox::User=root download "${pkgs[@]}" >&2) ||
	die "apt-get download of the sound servers failed"
for deb in "$tree"/.deb/*.deb; do
	dpkg -x "$deb" "$tree" || die "dpkg -x $deb failed"
done
rm -rf "$tree/.deb" "$tree"/usr/share/{doc,man,locale,lintian,bug} \
	"$tree"/usr/lib/systemd "$tree"/lib/systemd

# ldd_tree FILE: ldd of FILE with the tree's libraries first (the PipeWire
# modules link each other by soname, hence their directory).
ldd_tree() {
	LD_LIBRARY_PATH=$tree/$multi:$tree/lib/x86_64-linux-gnu:$tree/$multi/pipewire-0.3 \
		ldd "$1" 2>/dev/null
}
bad=
while read -r f; do
	file -b "$f" | grep -q '^ELF' || continue
	ldd_tree "$f" | grep -q 'not found' || continue
	case $f in
	*/libpipewire-module-filter-chain.so | */libpipewire-module-pulse-tunnel.so | \
		*/libspa-aec-webrtc.so | */jack/zalsa_*.so | */bin/alsa_in | */bin/alsa_out)
		rm -f "$f" ;;
	*) bad="$bad ${f#"$tree"/}" ;;
	esac
done < <(find "$tree" -type f)
[ -z "$bad" ] || die "libraries not found for:$bad"
touch "$tree/.done"
echo "$tree"
