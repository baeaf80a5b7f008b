// Webhook subscriptions (API_SOURCES.md "webhook subscriptions").
#include "catalog_specs.hpp"

namespace tts::catalog {
namespace {

constexpr EndpointSpec kEndpoints[] = {
    get("webhooks.list", "/event/{version}/webhooks", "202309")
        .records("/data/webhooks", "event_type")
        .about("The shop's webhook subscriptions."),
    put("webhooks.update", "/event/{version}/webhooks", "202309")
        .writes(kWrite)
        .about("Subscribe an address to an event type (body {address, event_type})."),
    del("webhooks.delete", "/event/{version}/webhooks", "202309")
        .writes(kWrite)
        .about("Remove a subscription (body {event_type})."),
};

}  // namespace

std::span<const EndpointSpec> event_endpoints() { return kEndpoints; }

}  // namespace tts::catalog
