// libsndfile, the only way TablaAudio reads and writes audio files.
#include <sndfile.h>
