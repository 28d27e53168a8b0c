// Symbol visibility for libdeckhand_core: the core is built with hidden visibility, and
// everything a plugin or the host may call is marked DECKHAND_API.
#pragma once

#define DECKHAND_API __attribute__((visibility("default")))
