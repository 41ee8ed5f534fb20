import { Pipe, inject, type PipeTransform } from '@angular/core';
import type { Camera } from '@regicam/portal/data-access';
import { LanguageService, type Lang } from '@regicam/portal/i18n';

/**
 * A camera as the manual names it, `自宅カメラ (CC-2L_SF : serial)`, saying
 * from when a camera whose POS option has not started can be linked.
 * `{{ camera | rcCamera: lang() }}`: the language is an argument, so the
 * pipe stays pure and follows a switch.
 */
@Pipe({ name: 'rcCamera' })
export class CameraLabelPipe implements PipeTransform {
  private readonly language = inject(LanguageService);

  transform(camera: Camera, lang: Lang): string {
    void lang;
    const { name, model, serial } = camera;
    return camera.linkable || !camera.posOption
      ? this.language.text('camera.label', { name, model, serial })
      : this.language.text('camera.notYet', { name, from: camera.posOption.from.replaceAll('-', '/') });
  }
}

/** The camera of an id among the owner's cameras, for showing its name. */
export const cameraById = (cameras: Camera[], id: string): Camera | undefined => cameras.find((c) => c.cameraId === id);
