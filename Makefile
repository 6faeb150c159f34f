# `make install` is Scripts/install.sh: build a release binary with the Swift runtime linked in,
# install it with the demo data and the systemd unit, create the kiosk user and /srv/kiosk.
#   make install                      as a user who may sudo
#   make install LOCKDOWN=1           also lock the console down (see README "On a lobby screen")
#   make install DESTDIR=/tmp/stage   stage the files only, change nothing on this system
PREFIX ?= /usr/local

install:
	Scripts/install.sh --prefix "$(PREFIX)"$(if $(DESTDIR), --destdir "$(DESTDIR)")$(if $(LOCKDOWN), --lock-down)

.PHONY: install
