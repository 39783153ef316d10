import sideBySide from './SideBySide';
import dropoutMasks from './DropoutMasks';

/** The widgets of this article, in the order the article places them. */
export const widgets = [dropoutMasks, sideBySide];
