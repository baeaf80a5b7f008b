// abi_outputs.hpp: turning internal results into the ABI's plugin-owned output structs.
// Each make_* returns one OutputArena block (release with OutputArena::free). They throw
// std::bad_alloc only, except make_error which returns nullptr instead (it runs in catch blocks).
#pragma once

#include <connector_abi/connector_abi.h>

#include <span>
#include <string_view>

#include "auth_hooks.hpp"
#include "response_classifier.hpp"
#include "result.hpp"
#include "token_response.hpp"
#include "webhook_verifier.hpp"

namespace tts {

cnx_error* make_error(const Failure& failure) noexcept;
cnx_buffer* make_buffer(std::string_view bytes);
cnx_http_request* make_http_request(std::string_view method, std::string_view url,
                                    std::span<const cnx_kv> headers, std::string_view body);
cnx_callback_result* make_callback_result(const CallbackParams& params);
cnx_token_set* make_token_set(const TokenSet& tokens);
cnx_classification* make_classification(const Classification& classification);
cnx_webhook_event* make_webhook_event(const WebhookEvent& event);

}  // namespace tts
