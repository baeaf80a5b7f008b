// abi_outputs.hpp: turning internal results into the ABI's plugin-owned output structs.
// Each Make* returns one OutputArena block (release with OutputArena::Free). They throw
// std::bad_alloc only, except MakeError which returns nullptr instead (it runs in catch blocks).
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

cnx_error* MakeError(const Failure& failure) noexcept;
cnx_buffer* MakeBuffer(std::string_view bytes);
cnx_http_request* MakeHttpRequest(std::string_view method, std::string_view url,
                                  std::span<const cnx_kv> headers, std::string_view body);
cnx_callback_result* MakeCallbackResult(const CallbackParams& params);
cnx_token_set* MakeTokenSet(const TokenSet& tokens);
cnx_classification* MakeClassification(const Classification& classification);
cnx_webhook_event* MakeWebhookEvent(const WebhookEvent& event);

}  // namespace tts
