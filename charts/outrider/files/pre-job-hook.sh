# Outrider's default pre-job hook: sourced by the job's shell inside the job pod, before the job's commands.
# It downloads nothing unless agent.defaultPodSpec.preJobHook.toolboxUrl is set (OUTRIDER_TOOLBOX_URL).
if [ -n "${OUTRIDER_TOOLBOX_URL:-}" ]; then
  echo "Installing the Semaphore toolbox from $OUTRIDER_TOOLBOX_URL"
  rm -rf ~/.toolbox /tmp/outrider-toolbox && mkdir -p /tmp/outrider-toolbox
  if curl -fsSL --retry 5 --connect-timeout 3 "$OUTRIDER_TOOLBOX_URL" -o /tmp/outrider-toolbox/toolbox.tar \
      && tar -xf /tmp/outrider-toolbox/toolbox.tar -C /tmp/outrider-toolbox \
      && mv /tmp/outrider-toolbox/toolbox ~/.toolbox \
      && bash ~/.toolbox/install-toolbox; then
    rm -rf /tmp/outrider-toolbox
  else
    rm -rf /tmp/outrider-toolbox
    echo "Could not install the toolbox from $OUTRIDER_TOOLBOX_URL (agent.defaultPodSpec.preJobHook.toolboxUrl)"
    return 1
  fi
fi
if [ -f ~/.toolbox/toolbox ]; then
  source ~/.toolbox/toolbox && echo "Semaphore toolbox: ~/.toolbox"
else
  echo "No Semaphore toolbox in this image (~/.toolbox/toolbox); jobs have what the image has."
  echo "Bake it into the job image, or set agent.defaultPodSpec.preJobHook.toolboxUrl."
fi
