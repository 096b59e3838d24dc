/**
 * A chart's height: in presenter mode the height of its box (the box fills the room the screen
 * leaves, see the presenter rules in lessons/layout.css), never less than the usual height;
 * otherwise the usual height.
 */
export function presenterHeight(presenter: boolean, boxHeight: number, usual: number): number {
  return presenter && boxHeight > usual ? boxHeight : usual;
}
