/// @file
/// @brief Signal masking for the worker threads of OrderedWork.
#include "news/indexer/ordered_work.hpp"

#include <csignal>
#include <pthread.h>

namespace news::indexer {

void block_interrupt_signals() {
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
}

} // namespace news::indexer
